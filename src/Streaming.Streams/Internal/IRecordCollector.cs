namespace Streaming.Streams.Internal;

/// <summary>Where a task's output goes (sink records and changelog records). The spans are only valid during the call.</summary>
internal interface IRecordCollector
{
    void Send(string topic, int partition, ReadOnlySpan<byte> key, bool keyIsNull, ReadOnlySpan<byte> value, bool valueIsNull, long timestamp, Headers? headers);
}
