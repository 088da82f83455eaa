/** An error in what the user asked for (a flag, a value, a file): exit code 2, one line, no stack. */
export class UsageError extends Error {
  override name = "UsageError";
}
