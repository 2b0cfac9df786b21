export const PACKAGE_NAME = '@jobintel/scoring';
