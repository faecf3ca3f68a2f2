namespace Streaming.Broker.Log;

/// <summary>
/// The outcome of reading a partition: whole batches copied into the caller's buffer, or why none were.
/// When <see cref="RequiredSize"/> is set, the first batch is larger than the buffer.
/// </summary>
internal readonly record struct ReadResult(ErrorCode Error, int BytesRead, int RequiredSize, long LogStartOffset, long HighWatermark);
