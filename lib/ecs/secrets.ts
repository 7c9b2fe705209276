/** Environment variable names that usually hold secrets: their values are masked until clicked. */
const SECRET_NAME =
  /(SECRET|PASSWORD|PASSWD|TOKEN|API_?KEY|ACCESS_?KEY|PRIVATE|CREDENTIAL|CONNECTION_URL|DATABASE_URL|DSN|AUTH)/i;

export const looksSecret = (name: string) => SECRET_NAME.test(name);
