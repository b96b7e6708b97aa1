"""QR codes on paper: a farmer scans the printed sheet and gets the online guide, with its videos and updates."""
import segno


def qr_data_uri(url):
    """An inline SVG (no file to fetch, sharp at any print resolution); level M survives smudged paper."""
    return segno.make(url, error="m", micro=False).svg_data_uri(scale=4, border=4, dark="#000")
