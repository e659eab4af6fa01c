// storybook mock session
export const MOCK_SESSION = 'eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJzdWIiOiJ1LVA5NndjMVpYIiwicm9sZSI6ImFkbWluIiwiaWF0IjoxNzMzMDAwMDAwfQ.';  // expect: SEC122
