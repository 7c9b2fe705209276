/** For create calls a test may repeat: "already exists" is fine, any other error is not. */
export function ignoreAlreadyExists(error: unknown): void {
  if ((error as { name?: string } | null)?.name !== 'ResourceAlreadyExistsException') throw error;
}
