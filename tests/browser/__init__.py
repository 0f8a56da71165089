"""Tests that open the service's pages in headless Chromium (Debian's, never downloaded)."""
