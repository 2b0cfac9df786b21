export const PACKAGE_NAME = '@jobintel/publisher';
