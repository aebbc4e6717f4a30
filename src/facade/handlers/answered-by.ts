/**
 * The model and provider a runtime answer or a handler result names (both
 * optional in the protocol and the handler contract); empty strings say nothing.
 */
export function answeredBy(body: { model?: unknown; provider?: unknown }): { model?: string; provider?: string } {
  return {
    ...(typeof body.model === 'string' && body.model !== '' ? { model: body.model } : {}),
    ...(typeof body.provider === 'string' && body.provider !== '' ? { provider: body.provider } : {}),
  };
}
