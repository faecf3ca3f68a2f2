namespace Streaming.Protocol.Messages;

/// <summary>The request and response header versions that go with one API version.</summary>
/// <param name="RequestHeaderVersion">0, 1 or 2 (2 adds tagged fields).</param>
/// <param name="ResponseHeaderVersion">0 or 1 (1 adds tagged fields).</param>
public readonly record struct HeaderVersions(short RequestHeaderVersion, short ResponseHeaderVersion);
