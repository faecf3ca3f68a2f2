namespace Streaming.Streams;

/// <summary>The key of a windowed aggregation's result: the grouping key and the window it aggregates (Kafka's <c>Windowed</c>).</summary>
public readonly record struct Windowed<TKey>(TKey Key, Window Window)
{
    public override string ToString() => $"[{Key}@{Window.Start}/{Window.End}]";
}
