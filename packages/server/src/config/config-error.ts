/**
 * A bad environment variable. The message is one line naming the variable and what it expects,
 * fit to print as is (the CLI prints it and exits 1); secret values are never quoted.
 */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  /** The environment variable at fault, e.g. `PORT`. */
  readonly variable: string;

  constructor(variable: string, message: string) {
    super(message);
    this.variable = variable;
  }
}
