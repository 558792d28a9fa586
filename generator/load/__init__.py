"""Loading: read site.yaml, content/ and data/, check every field, and make the site model.

Nothing here knows about rendering or incremental builds."""
