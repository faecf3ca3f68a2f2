namespace Streaming.Protocol.Messages;

/// <summary>
/// A record set a deferring <see cref="ProtocolWriter"/> did not copy: its bytes belong at <see cref="Position"/> of the
/// written stream (counted as if every earlier deferred segment had been written).
/// </summary>
/// <param name="Position">Offset in the logical output at which <see cref="Bytes"/> start.</param>
/// <param name="Bytes">The record bytes, to be sent as they are.</param>
public readonly record struct RecordsSegment(long Position, ReadOnlyMemory<byte> Bytes);
