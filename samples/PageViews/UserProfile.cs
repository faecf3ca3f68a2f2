namespace PageViews;

/// <summary>A user's profile, keyed by user id in the table topic 'user-profiles' (JSON on the wire).</summary>
public sealed record UserProfile(string Name, string Region);
