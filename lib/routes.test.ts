import { describe, expect, it } from 'vitest';
import * as routes from './routes';

describe('routes', () => {
  it('builds every page URL with its names encoded', () => {
    expect(routes.clusterHref('cruddur')).toBe('/clusters/cruddur');
    expect(routes.serviceHref('cruddur', 'backend-flask')).toBe(
      '/clusters/cruddur/services/backend-flask',
    );
    expect(routes.serviceHistoryHref('cruddur', 'backend-flask')).toBe(
      '/clusters/cruddur/services/backend-flask/history',
    );
    expect(routes.serviceLogsHref('cruddur', 'backend-flask')).toBe(
      '/clusters/cruddur/services/backend-flask/logs',
    );
    expect(
      routes.serviceLogsHref('cruddur', 'backend-flask', { task: 'abc', containers: 'x y' }),
    ).toBe('/clusters/cruddur/services/backend-flask/logs?task=abc&containers=x+y');
    expect(routes.taskHref('cruddur', '0123abcd')).toBe('/clusters/cruddur/tasks/0123abcd');
    expect(routes.familyHref('backend-flask')).toBe('/task-definitions/backend-flask');
    expect(routes.revisionHref('backend-flask', 3)).toBe('/task-definitions/backend-flask/3');
    expect(routes.repositoryHref('team/backend-flask')).toBe('/repositories/team%2Fbackend-flask');
    expect(routes.serviceHref('a/b', 'c?d')).toBe('/clusters/a%2Fb/services/c%3Fd');
  });
});
