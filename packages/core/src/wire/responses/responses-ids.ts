/**
 * Ids in the Responses API's style: `resp_…` for a response, `msg_…` for a message item,
 * `fc_…` for a function call item, `rs_…` for a reasoning item. Random: a translated answer has
 * no stored response behind it, so its ids only need to be unique.
 */
export function responsesId(prefix: 'resp' | 'msg' | 'fc' | 'rs'): string {
  return `${prefix}_${crypto.randomUUID().replaceAll('-', '')}`;
}
