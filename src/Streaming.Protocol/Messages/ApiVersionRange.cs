namespace Streaming.Protocol.Messages;

/// <summary>The versions of one API this library encodes and decodes, and the first version using flexible encoding.</summary>
/// <param name="ApiKey">The API.</param>
/// <param name="MinVersion">Lowest supported version (Kafka 4.0's floor, KIP-896).</param>
/// <param name="MaxVersion">Highest supported version.</param>
/// <param name="FirstFlexibleVersion">First version with compact encodings and tagged fields (the spec's <c>flexibleVersions</c>).</param>
public readonly record struct ApiVersionRange(ApiKey ApiKey, short MinVersion, short MaxVersion, short FirstFlexibleVersion)
{
    /// <summary>True when <paramref name="version"/> lies within the supported range.</summary>
    public bool Contains(short version) => version >= MinVersion && version <= MaxVersion;
}
