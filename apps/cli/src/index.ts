export const PACKAGE_NAME = '@jobintel/cli';
