namespace PageViews;

/// <summary>A page view, keyed by its user in topic 'page-views' (JSON on the wire); the record's timestamp is <see cref="Timestamp"/>.</summary>
public sealed record PageView(string Page, string UserId, DateTimeOffset Timestamp);
