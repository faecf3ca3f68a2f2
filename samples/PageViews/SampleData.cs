namespace PageViews;

/// <summary>The simulated input: user profiles (one changes midway) and page views over about ten minutes of event time.</summary>
internal static class SampleData
{
    public static readonly string[] Pages = ["/home", "/products", "/cart", "/checkout"];

    /// <summary>Profiles by offset from the start of the simulation: everyone's first, then bob moving from us to apac at 4:00.</summary>
    public static readonly (TimeSpan At, string UserId, UserProfile Profile)[] Profiles =
    [
        (At(0, 0), "alice", new("Alice", "eu")),
        (At(0, 0), "bob", new("Bob", "us")),
        (At(0, 0), "carol", new("Carol", "eu")),
        (At(0, 0), "dave", new("Dave", "us")),
        (At(0, 0), "erin", new("Erin", "apac")),
        (At(4, 0), "bob", new("Bob", "apac")),
    ];

    /// <summary>
    /// Views by offset, in event-time order: a burst in the first two minutes, erin alone at 4:10, a second burst from 8:00.
    /// 'guest' has no profile (the join drops its views); erin's views are never 5 minutes apart (one long session), the
    /// others' bursts are (two sessions each).
    /// </summary>
    public static readonly (TimeSpan At, string UserId, string Page)[] Views =
    [
        (At(0, 5), "alice", "/home"),
        (At(0, 10), "bob", "/home"),
        (At(0, 15), "carol", "/home"),
        (At(0, 20), "alice", "/products"),
        (At(0, 25), "carol", "/home"),
        (At(0, 30), "erin", "/products"),
        (At(0, 35), "guest", "/home"),
        (At(0, 40), "alice", "/products"),
        (At(0, 45), "bob", "/products"),
        (At(1, 0), "dave", "/home"),
        (At(1, 5), "carol", "/products"),
        (At(1, 10), "alice", "/cart"),
        (At(1, 15), "guest", "/home"),
        (At(1, 25), "alice", "/checkout"),
        (At(1, 30), "dave", "/products"),
        (At(1, 50), "bob", "/products"),
        (At(1, 55), "dave", "/cart"),
        (At(4, 10), "erin", "/products"),
        (At(8, 5), "bob", "/home"),
        (At(8, 10), "alice", "/home"),
        (At(8, 20), "erin", "/home"),
        (At(8, 30), "bob", "/cart"),
        (At(8, 40), "alice", "/products"),
        (At(8, 45), "guest", "/products"),
        (At(8, 50), "carol", "/products"),
        (At(9, 15), "bob", "/checkout"),
        (At(9, 20), "bob", "/home"),
        (At(9, 40), "carol", "/cart"),
        (At(9, 55), "erin", "/checkout"),
    ];

    private static TimeSpan At(int minutes, int seconds) => new(0, minutes, seconds);
}
