namespace Streaming.Streams.Kstream;

/// <summary>A branch of <see cref="KStream{TKey, TValue}.Split"/>: its name suffix and, optionally, a consumer that takes the branch instead of the result map.</summary>
public sealed class Branched<TKey, TValue>
{
    public string? Name { get; private init; }

    public Action<KStream<TKey, TValue>>? Consumer { get; private init; }

    /// <summary>Names the branch: its key in the result map is the split's name followed by <paramref name="name"/>.</summary>
    public static Branched<TKey, TValue> As(string name) => new() { Name = Named.As(name).Name };

    /// <summary>Hands the branch to <paramref name="consumer"/>; the branch is then not in the result map.</summary>
    public static Branched<TKey, TValue> WithConsumer(Action<KStream<TKey, TValue>> consumer, string? name = null)
        => new() { Consumer = consumer ?? throw new ArgumentNullException(nameof(consumer)), Name = name is null ? null : Named.As(name).Name };
}
