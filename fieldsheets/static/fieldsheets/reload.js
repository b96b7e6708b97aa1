/* The "Gói in" listing reloads itself while a pack is being built, so its progress shows without clicking. */
setTimeout(function () { window.location.reload(); }, 3000);
