/**
 * @module
 * The two failures a template can have: one found when a rule is saved (answered with 422), one
 * found while serving (answered with 561). Messages are written for the rule's author and never
 * carry anything beyond the template and the incoming request.
 */

/** A template that cannot be parsed or calls something unknown. Positions are 1-based. */
export class TemplateSyntaxError extends Error {
  override readonly name = "TemplateSyntaxError";
  readonly line: number;
  readonly column: number;

  constructor(reason: string, line: number, column: number) {
    super(`${reason} (line ${line}, column ${column})`);
    this.line = line;
    this.column = column;
  }
}

/** A failure while rendering: a work or size cap was hit, or a helper got values it cannot use. */
export class TemplateRenderError extends Error {
  override readonly name = "TemplateRenderError";
}

/**
 * Thrown by helpers when their arguments are unusable. The caller adds where it happened and turns
 * it into a TemplateSyntaxError (literal arguments, at compile time) or a TemplateRenderError.
 */
export class HelperMisuse extends Error {
  override readonly name = "HelperMisuse";
}
