namespace Streaming.Protocol.Messages;

/// <summary>
/// The APIs and versions this library's codecs support, the first flexible version of every known API, and the rule
/// mapping an API version to its header versions.
/// </summary>
/// <remarks>
/// Floors are Kafka 4.0's after KIP-896 (e.g. Produce 3 and Fetch 4: only RecordBatch v2 exists here); ceilings are the
/// highest <c>validVersions</c> of Kafka's message definitions of October 2024. Which of these a broker advertises in
/// ApiVersions is its own choice.
/// </remarks>
public static class ApiVersionTable
{
    private const short Never = short.MaxValue;

    // First flexible version per API key (the spec's flexibleVersions), for every key Kafka defines, so that headers of
    // requests for APIs this library does not implement can still be parsed and answered.
    private static readonly short[] FirstFlexible =
    [
        9, 12, 6, 9, 4, 2, 6, 3, 8, 6, // 0-9
        3, 6, 4, 4, 4, 5, 3, Never, 3, 5, // 10-19
        4, 2, 2, 4, 3, 3, 3, 1, 3, 2, // 20-29
        2, 2, 4, 2, 2, 2, 2, 2, 2, 2, // 30-39
        2, 2, 2, 2, 1, 0, 0, Never, 1, 1, // 40-49
        0, 0, 0, 1, 1, 0, 0, 0, 0, 0, // 50-59
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, // 60-69
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, // 70-79
        0, 0, 0, 0, 0, 0, 0, 0, // 80-87
    ];

    private static readonly ApiVersionRange[] SupportedRanges =
    [
        Range(ApiKey.Produce, 3, 11),
        Range(ApiKey.Fetch, 4, 17),
        Range(ApiKey.ListOffsets, 1, 10),
        Range(ApiKey.Metadata, 0, 12),
        Range(ApiKey.OffsetCommit, 2, 9),
        Range(ApiKey.OffsetFetch, 1, 9),
        Range(ApiKey.FindCoordinator, 0, 6),
        Range(ApiKey.JoinGroup, 0, 9),
        Range(ApiKey.Heartbeat, 0, 4),
        Range(ApiKey.LeaveGroup, 0, 5),
        Range(ApiKey.SyncGroup, 0, 5),
        Range(ApiKey.DescribeGroups, 0, 5),
        Range(ApiKey.ListGroups, 0, 5),
        Range(ApiKey.ApiVersions, 0, 4),
        Range(ApiKey.CreateTopics, 2, 7),
        Range(ApiKey.DeleteTopics, 1, 6),
        Range(ApiKey.DeleteRecords, 0, 2),
        Range(ApiKey.InitProducerId, 0, 5),
        Range(ApiKey.AddPartitionsToTxn, 0, 5),
        Range(ApiKey.AddOffsetsToTxn, 0, 4),
        Range(ApiKey.EndTxn, 0, 5),
        Range(ApiKey.TxnOffsetCommit, 0, 4),
        Range(ApiKey.DescribeConfigs, 1, 4),
        Range(ApiKey.CreatePartitions, 0, 3),
        Range(ApiKey.DeleteGroups, 0, 2),
        Range(ApiKey.IncrementalAlterConfigs, 0, 1),
        Range(ApiKey.DescribeCluster, 0, 1),
    ];

    private static readonly ApiVersionRange?[] ByKey = BuildIndex();

    /// <summary>Every API this library implements, in API key order.</summary>
    public static IReadOnlyList<ApiVersionRange> Supported { get; } = SortedRanges();

    /// <summary>Finds the supported range of <paramref name="apiKey"/>; false when this library does not implement it.</summary>
    public static bool TryGet(ApiKey apiKey, out ApiVersionRange range)
    {
        int index = (int)apiKey;
        if ((uint)index < (uint)ByKey.Length && ByKey[index] is { } found)
        {
            range = found;
            return true;
        }

        range = default;
        return false;
    }

    /// <summary>True when this library implements <paramref name="version"/> of <paramref name="apiKey"/>.</summary>
    public static bool IsSupported(ApiKey apiKey, short version) => TryGet(apiKey, out ApiVersionRange range) && range.Contains(version);

    /// <summary>True when <paramref name="version"/> of <paramref name="apiKey"/> uses the flexible encoding.</summary>
    /// <exception cref="ProtocolException">The API key is unknown.</exception>
    public static bool IsFlexible(ApiKey apiKey, short version) => version >= FirstFlexibleVersion(apiKey);

    /// <summary>The first flexible version of any API Kafka defines; <see cref="short.MaxValue"/> when it has none.</summary>
    /// <exception cref="ProtocolException">The API key is unknown.</exception>
    public static short FirstFlexibleVersion(ApiKey apiKey)
    {
        int index = (int)apiKey;
        if ((uint)index >= (uint)FirstFlexible.Length) throw new ProtocolException($"unknown API key {index}");
        return FirstFlexible[index];
    }

    /// <summary>
    /// The header versions for a request and its response: request header v2 and response header v1 when the API version
    /// is flexible, else v1 and v0 — except that ApiVersions responses always use response header v0 (a client must be
    /// able to read the answer before it knows which versions the broker speaks) and ControlledShutdown v0 requests use
    /// request header v0. Versions above the supported range follow the same rule, so their headers can be parsed.
    /// </summary>
    /// <exception cref="ProtocolException">The API key is unknown or the version negative.</exception>
    public static HeaderVersions GetHeaderVersions(ApiKey apiKey, short apiVersion)
    {
        if (apiVersion < 0) throw new ProtocolException($"API version {apiVersion} of {apiKey} is negative");
        bool flexible = IsFlexible(apiKey, apiVersion);
        short request = flexible ? (short)2 : (short)1;
        short response = flexible ? (short)1 : (short)0;
        if (apiKey == ApiKey.ApiVersions) response = 0;
        if (apiKey == ApiKey.ControlledShutdown && apiVersion == 0) request = 0;
        return new HeaderVersions(request, response);
    }

    /// <summary>Throws unless <paramref name="version"/> of <paramref name="apiKey"/> is supported; returns whether it is flexible.</summary>
    internal static bool Check(ApiKey apiKey, short version, string message)
    {
        if (!IsSupported(apiKey, version))
            throw new ProtocolException($"{message} version {version} is not supported (UNSUPPORTED_VERSION)");
        return version >= FirstFlexible[(int)apiKey];
    }

    private static ApiVersionRange Range(ApiKey apiKey, short min, short max) => new(apiKey, min, max, FirstFlexible[(int)apiKey]);

    private static ApiVersionRange?[] BuildIndex()
    {
        var index = new ApiVersionRange?[FirstFlexible.Length];
        foreach (ApiVersionRange range in SupportedRanges) index[(int)range.ApiKey] = range;
        return index;
    }

    private static ApiVersionRange[] SortedRanges()
    {
        var sorted = (ApiVersionRange[])SupportedRanges.Clone();
        Array.Sort(sorted, static (a, b) => a.ApiKey.CompareTo(b.ApiKey));
        return sorted;
    }
}
