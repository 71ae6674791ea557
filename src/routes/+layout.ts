// Every page is static: the whole app is prerendered and runs in the tab.
export const prerender = true;
export const trailingSlash = 'always';
