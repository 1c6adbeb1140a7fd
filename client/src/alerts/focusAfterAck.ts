/** The little of the DOM the focus rule needs (a test passes stand-ins). */
interface Focusable {
  focus(options?: FocusOptions): void;
}
interface Container extends Focusable {
  querySelector(selector: string): Focusable | null;
}

/**
 * Where focus goes once the ack dialog closes. The dialog would return it to the button that opened
 * it, but a successful ack replaces that button with "acknowledged by …", and focus would fall to the
 * page's top. So: the button if it is still there (cancelled), else the acknowledged alert's own link,
 * else (it cleared meanwhile) the alert list itself.
 */
export function focusAfterAck(list: Container | null, alertId: string): void {
  if (!list) return;
  const row = `[data-alert-id="${CSS.escape(alertId)}"]`;
  const target =
    list.querySelector(`${row} .alert-ack-button`) ?? list.querySelector(`${row} .alert-title`) ?? list;
  target.focus({ preventScroll: true });
}
