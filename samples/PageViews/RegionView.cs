namespace PageViews;

/// <summary>A page view enriched with the region of its user's profile by the stream–table join.</summary>
public sealed record RegionView(string Page, string UserId, string Region);
