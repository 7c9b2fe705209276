/** The overview's anchor for one place's group (/#place-staging-us-east-1): server and client. */
export const placeAnchor = (id: string) => `place-${id.replace(/[^a-z0-9-]/g, '-')}`;
