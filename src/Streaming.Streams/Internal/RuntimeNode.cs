namespace Streaming.Streams.Internal;

/// <summary>A node of a running task.</summary>
internal abstract class RuntimeNode(string name)
{
    public string Name { get; } = name;

    public List<RuntimeNode> Children { get; } = [];

    public IReadOnlySet<string> Stores { get; set; } = new HashSet<string>();

    public virtual void Init(StreamTask task) { }

    public virtual void Close() { }
}
