export const PACKAGE_NAME = '@jobintel/store';
