namespace Streaming.Streams.Internal;

/// <summary>A KTable update between table processors: a new value, or the deletion of the key (representable for value types too).</summary>
internal readonly record struct Change<TValue>(TValue Value, bool IsDeletion)
{
    public static Change<TValue> Deletion => new(default!, true);
}
