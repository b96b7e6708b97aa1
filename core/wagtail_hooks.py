"""The admin's chrome as officers need it."""
from wagtail import hooks


@hooks.register("construct_help_menu")
def without_release_notes(request, menu_items):
    """Wagtail's "What's new in Wagtail" (English release notes for developers, with a badge until it is opened)
    is left out of the Help menu; the editor guide and the keyboard shortcuts stay."""
    menu_items[:] = [item for item in menu_items if not item.name.startswith("whats-new-in-wagtail")]
