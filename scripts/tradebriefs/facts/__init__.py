"""The data side: YAML loaded with its places, validated into typed records, gathered into a catalog, checked
and derived. Plain data in, checked facts and findings out; nothing here renders or publishes."""
