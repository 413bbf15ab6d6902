/**
 * The signed-in user where the browser knows it: on a managed Chromebook this is the pupil's
 * Google Workspace account (permission identity.email). Elsewhere it may be empty.
 */
export async function signedInUser(): Promise<string | undefined> {
  try {
    const info = await chrome.identity.getProfileUserInfo({ accountStatus: 'ANY' as chrome.identity.AccountStatus });
    return info.email || undefined;
  } catch {
    return undefined;
  }
}
