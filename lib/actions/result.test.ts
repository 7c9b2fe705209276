import { describe, expect, it } from 'vitest';
import { formFields } from './result';

describe('formFields', () => {
  it("keeps a form's own fields and drops the $ACTION_ fields Next adds before hydration", () => {
    const form = new FormData();
    form.append('$ACTION_ID_7f3a9c', '');
    form.append('$ACTION_REF_1', '');
    form.append('$ACTION_1:0', '{"id":"7f3a9c","bound":null}');
    form.append('cluster', 'cruddur');
    form.append('service', 'backend-flask');
    // Only a leading $ACTION_ is Next's: a field that merely holds or ends in it is the form's.
    form.append('note$ACTION_', 'kept');
    form.append('', 'an unnamed field');
    expect(formFields(form)).toEqual({
      cluster: 'cruddur',
      service: 'backend-flask',
      note$ACTION_: 'kept',
      '': 'an unnamed field',
    });
  });
});
