export const PACKAGE_NAME = '@jobintel/token-tracker';
