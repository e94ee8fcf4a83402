// The caller's identity is the X-EnvOrch-User header today; the page keeps the name (and the project) in localStorage.
const userKey = 'envorch.user';
const projectKey = 'envorch.project';

export const session = {
  get user() { return localStorage.getItem(userKey) ?? ''; },
  set user(value) { localStorage.setItem(userKey, value); },
  get project() { return localStorage.getItem(projectKey) ?? 'demo'; },
  set project(value) { localStorage.setItem(projectKey, value); },
};
