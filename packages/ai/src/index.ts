export const PACKAGE_NAME = '@jobintel/ai';
