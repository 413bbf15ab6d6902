/** Block page: explains kindly why a page is closed. Reads its reason from the URL only. */
const params = new URLSearchParams(location.search);
const reason = params.get('reason');
const headline = document.getElementById('headline')!;
const explain = document.getElementById('explain')!;
if (reason === 'suspended') {
  headline.textContent = 'The internet is paused for you right now';
  explain.textContent = 'Your teacher will talk to you about this. It will come back on by itself.';
}
