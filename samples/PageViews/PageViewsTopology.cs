using Streaming.Streams;

namespace PageViews;

/// <summary>The sample's topics, window definitions and its one topology with three parts (windowed counts, join, sessions).</summary>
public static class PageViewsTopology
{
    public const string ApplicationId = "pageviews";
    public const string PageViewsTopic = "page-views";
    public const string ProfilesTopic = "user-profiles";
    public const string PerWindowTopic = "page-views-per-window";
    public const string PerRegionTopic = "page-views-per-region";
    public const string SessionsTopic = "user-sessions";

    /// <summary>The user id of the views that only advance stream time at the end (see Program.cs); counted in no result.</summary>
    public const string FlushUser = "~flush";

    public static TimeSpan WindowSize { get; } = TimeSpan.FromMinutes(1);
    public static TimeSpan WindowAdvance { get; } = TimeSpan.FromSeconds(30);
    public static TimeSpan WindowGrace { get; } = TimeSpan.FromSeconds(30);
    public static TimeSpan SessionGap { get; } = TimeSpan.FromMinutes(5);
    public static TimeSpan SessionGrace { get; } = TimeSpan.FromSeconds(30);

    public static Serde<PageView> PageViewSerde { get; } = Serdes.Json<PageView>();
    public static Serde<UserProfile> ProfileSerde { get; } = Serdes.Json<UserProfile>();
    public static Serde<RegionView> RegionViewSerde { get; } = Serdes.Json<RegionView>();
    public static Serde<Windowed<string>> PageWindowSerde { get; } = WindowedSerdes.TimeWindowedSerde(Serdes.String, (long)WindowSize.TotalMilliseconds);
    public static Serde<Windowed<string>> SessionSerde { get; } = WindowedSerdes.SessionWindowedSerde(Serdes.String);

    /// <summary>Adds the three parts to <paramref name="builder"/>; they share the 'page-views' source.</summary>
    public static void Build(StreamsBuilder builder)
    {
        var views = builder.Stream(PageViewsTopic, Consumed<string, PageView>.With(Serdes.String, PageViewSerde));
        var profiles = builder.Table(ProfilesTopic, Consumed<string, UserProfile>.With(Serdes.String, ProfileSerde),
            Materialized<string, UserProfile>.As("profiles").WithValueSerde(ProfileSerde));

        // 1. Views per page in hopping windows, one final count per window: re-keyed by page through
        //    pageviews-views-by-page-repartition, counted per window, held back until the window closes (end + grace).
        views
            .GroupBy((_, view) => view.Page, Grouped<string, PageView>.As("views-by-page").WithSerdes(Serdes.String, PageViewSerde))
            .WindowedBy(TimeWindows.OfSizeAndGrace(WindowSize, WindowGrace).AdvanceBy(WindowAdvance))
            .Count(materialized: Materialized<string, long>.As("views-per-page-window"))
            .Suppress(Suppressed.UntilWindowCloses(BufferConfig.Unbounded()).WithName("final-views-per-page-window"))
            .ToStream()
            .To(PerWindowTopic, Produced<Windowed<string>, long>.With(PageWindowSerde, Serdes.Int64));

        // 2. Views enriched with the region of the user's profile (stream–table join: the profile the table holds when the
        //    view is processed; views of users without a profile are dropped), counted per region (re-keyed by region).
        views
            .Join(profiles, (view, profile) => new RegionView(view.Page, view.UserId, profile.Region),
                Joined<string, PageView, UserProfile>.As("views-with-region"))
            .GroupBy((_, view) => view.Region, Grouped<string, RegionView>.As("views-by-region").WithSerdes(Serdes.String, RegionViewSerde))
            .Count(materialized: Materialized<string, long>.As("views-per-region"))
            .ToStream()
            .To(PerRegionTopic, Produced<string, long>.With(Serdes.String, Serdes.Int64));

        // 3. Sessions per user (already keyed by user: no repartition), counted per session. Not suppressed: each update of a
        //    session goes out, and a session that a view extends or merges is deleted downstream with a tombstone, so the
        //    topic reads as a changelog whose latest record per session key is its count. The flush views are left out.
        views
            .Filter((userId, _) => userId != FlushUser)
            .GroupByKey(Grouped<string, PageView>.With(Serdes.String, PageViewSerde))
            .WindowedBy(SessionWindows.OfInactivityGapAndGrace(SessionGap, SessionGrace))
            .Count(materialized: Materialized<string, long>.As("views-per-session"))
            .ToStream() // a deleted (merged) session is a tombstone
            .To(SessionsTopic, Produced<Windowed<string>, long>.With(SessionSerde, Serdes.Int64));
    }
}
