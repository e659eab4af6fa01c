import { jwtDecode } from 'jwt-decode';

export const TOKEN_KEY = 'auth_token';
export const REFRESH_TOKEN_KEY = 'shop.refreshToken';
const PASSWORD_PATTERN = /^(?=.*[A-Z])(?=.*\d).{12,}$/;

// unsigned token used by the storybook mock user
export const MOCK_SESSION = 'eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJzdWIiOiI2bmtxd2hocTlxIiwiaXNzIjoiYXV0aC5pbnRlcm5hbCIsImlhdCI6MTczMzAwMDAwMCwicm9sZSI6InNlcnZpY2UifQ.';

const firebaseConfig = {
  apiKey: 'AIzaL36q1w_D49lWWK0chBg5nQXkzQyWt0va238',
  authDomain: 'shop-prod.firebaseapp.com',
  projectId: 'shop-prod',
  appId: '1:313216394050:web:338e0deab956a755b6750f',
};

export function passwordOk(password: string): boolean {
  return PASSWORD_PATTERN.test(password);
}

export function tokenExpired(token: string): boolean {
  const { exp } = jwtDecode<{ exp: number }>(token);
  return exp * 1000 < Date.now();
}

export const i18n = {
  password: 'Password',
  passwordConfirm: 'Confirm password',
  forgotPassword: 'Forgot your password?',
  token: 'Access token',
};

export { firebaseConfig };
