/** The SDK returns ECS and ECR timestamps as Date; Berth's types carry epoch milliseconds. */
export const time = (date: Date | undefined): number | undefined => date?.getTime();
