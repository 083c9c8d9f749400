/** `{ [name]: value }` when there is a value, `{}` otherwise: for optional fields under exactOptionalPropertyTypes-style records. */
export const optional = <K extends string, V>(name: K, value: V | undefined): { [P in K]?: V } =>
  (value === undefined ? {} : { [name]: value }) as { [P in K]?: V };
