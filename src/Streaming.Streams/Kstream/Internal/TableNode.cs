namespace Streaming.Streams.Kstream.Internal;

/// <summary>
/// A KTable's processor as the DSL tracks it: its store, and whether it sends old values. Downstream operations that need
/// old values (a table grouping subtracts them) call <see cref="EnableSendingOldValues"/>, which re-registers the processor
/// (Kafka's <c>enableSendingOldValues</c>): a materialized table reads them from its store, a filter or mapValues without a
/// store asks its parent, and a source table without a store gets one when materialization is forced.
/// </summary>
internal sealed class TableNode
{
    private readonly Action<string?, bool> _register;
    private readonly Func<bool, bool>? _parentEnable;
    private readonly Func<string>? _materialize;

    /// <param name="storeName">The store the processor writes; null when it is not materialized.</param>
    /// <param name="register">Replaces the processor's factory with one for (store, send old values).</param>
    /// <param name="parentEnable">For a processor that can compute old values from its parent's (filter, mapValues).</param>
    /// <param name="materialize">For a source table: adds a store, connects it and returns its name.</param>
    public TableNode(string? storeName, Action<string?, bool> register, Func<bool, bool>? parentEnable = null, Func<string>? materialize = null)
    {
        StoreName = storeName;
        _register = register;
        _parentEnable = parentEnable;
        _materialize = materialize;
    }

    public string? StoreName { get; private set; }

    public bool SendOldValues { get; private set; }

    /// <summary>The processor's store, adding one if it has none and one may be forced (a source table); null when it cannot have one.</summary>
    public string? EnsureMaterialized()
    {
        if (StoreName is null && _materialize is not null)
        {
            StoreName = _materialize();
            _register(StoreName, SendOldValues);
        }
        return StoreName;
    }

    /// <summary>Makes the processor forward old values; false when it cannot (no store, and none may be forced).</summary>
    public bool EnableSendingOldValues(bool forceMaterialization)
    {
        if (SendOldValues) return true;
        if (StoreName is null)
        {
            if (_parentEnable is not null)
            {
                if (!_parentEnable(forceMaterialization)) return false;
            }
            else if (forceMaterialization && _materialize is not null)
            {
                StoreName = _materialize();
            }
            else
            {
                return false;
            }
        }
        SendOldValues = true;
        _register(StoreName, true);
        return true;
    }
}
