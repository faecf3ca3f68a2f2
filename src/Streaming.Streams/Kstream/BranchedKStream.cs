using Streaming.Streams.Internal;
using Streaming.Streams.Kstream.Internal;

namespace Streaming.Streams.Kstream;

/// <summary>
/// The branches of a split, declared in order with <see cref="Branch"/> and closed with <see cref="DefaultBranch"/> or
/// <see cref="NoDefaultBranch"/>. Each branch is a processor named <c>&lt;split name&gt;&lt;branch name or number&gt;</c>.
/// </summary>
public sealed class BranchedKStream<TKey, TValue>
{
    private readonly StreamsBuilder _builder;
    private readonly KStream<TKey, TValue> _source;
    private readonly string _name;
    private readonly List<Func<TKey, TValue, bool>> _predicates = [];
    private readonly List<string> _children = [];
    private readonly Dictionary<string, KStream<TKey, TValue>> _result = [];
    private bool _closed;

    internal BranchedKStream(StreamsBuilder builder, KStream<TKey, TValue> source, string name)
    {
        _builder = builder;
        _source = source;
        _name = name;
        _builder.AddDslProcessor<TKey, TValue, TKey, TValue>(name, Factory(null), source.NodeName);
    }

    /// <summary>Adds a branch for the records that match <paramref name="predicate"/> and no earlier branch.</summary>
    public BranchedKStream<TKey, TValue> Branch(Func<TKey, TValue, bool> predicate, Branched<TKey, TValue>? branched = null)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        EnsureOpen();
        string child = AddChild(branched, (_predicates.Count + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
        _predicates.Add(predicate);
        _children.Add(child);
        _builder.ReplaceDslProcessor(_name, Factory(null));
        return this;
    }

    /// <summary>Adds the branch of the records no predicate matched, and returns the branches by name.</summary>
    public IReadOnlyDictionary<string, KStream<TKey, TValue>> DefaultBranch(Branched<TKey, TValue>? branched = null)
    {
        EnsureOpen();
        string child = AddChild(branched, "0");
        _builder.ReplaceDslProcessor(_name, Factory(child));
        _closed = true;
        return _result;
    }

    /// <summary>Drops the records no predicate matched, and returns the branches by name.</summary>
    public IReadOnlyDictionary<string, KStream<TKey, TValue>> NoDefaultBranch()
    {
        EnsureOpen();
        _closed = true;
        return _result;
    }

    private string AddChild(Branched<TKey, TValue>? branched, string defaultSuffix)
    {
        string child = _name + (branched?.Name ?? defaultSuffix);
        _builder.AddDslProcessor<TKey, TValue, TKey, TValue>(child, static () => new PassThroughProcessor<TKey, TValue>(), _name);
        var stream = new KStream<TKey, TValue>(_builder, child, _source.KeySerde, _source.ValueSerde, _source.RepartitionRequired);
        if (branched?.Consumer is { } consumer) consumer(stream);
        else _result[child] = stream;
        return child;
    }

    // A fresh snapshot per call: a topology built earlier keeps the branches it had.
    private Func<Processor.IProcessor<TKey, TValue, TKey, TValue>> Factory(string? defaultChild)
    {
        Func<TKey, TValue, bool>[] predicates = [.. _predicates];
        string[] children = [.. _children];
        return () => new BranchProcessor<TKey, TValue>(predicates, children, defaultChild);
    }

    private void EnsureOpen()
    {
        if (_closed) throw new InvalidOperationException($"split '{_name}' is closed: DefaultBranch or NoDefaultBranch was called");
    }
}
