using Streaming.Streams.Internal;

namespace Streaming.Streams.Kstream.Internal;

/// <summary>Reads a table topic: a null value is the deletion of its key (for value types too).</summary>
internal sealed class TableSourceDeserializer<TValue>(IDeserializer<TValue> inner) : IDeserializer<Change<TValue>>
{
    public Change<TValue> Deserialize(ReadOnlySpan<byte> data, bool isNull, SerializationContext context)
        => isNull ? Change<TValue>.Deletion : Change<TValue>.Of(inner.Deserialize(data, false, context));
}
