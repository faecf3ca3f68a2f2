namespace Streaming.Streams.Internal;

internal interface IRawSource
{
    void ProcessRaw(string topic, ReadOnlySpan<byte> key, bool keyIsNull, ReadOnlySpan<byte> value, bool valueIsNull, long timestamp, Headers headers);
}
