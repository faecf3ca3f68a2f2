namespace Streaming.Streams.State.Internal;

/// <summary>A store layer over <typeparamref name="TInner"/>: identity and lifecycle pass through unless a layer overrides them.</summary>
internal abstract class WrappedStateStore<TInner>(TInner inner) : IStateStore, IWrappedStore where TInner : IStateStore
{
    IStateStore IWrappedStore.WrappedStore => Inner;

    protected TInner Inner { get; } = inner;

    public string Name => Inner.Name;

    public bool Persistent => Inner.Persistent;

    public bool IsOpen => Inner.IsOpen;

    public virtual void Init(IStateStoreContext context) => Inner.Init(context);

    public virtual void Flush() => Inner.Flush();

    public virtual void Close() => Inner.Close();
}
