namespace EsmsDui.ArchitectureTests.Namespaces;

/// <summary>Tarjan's strongly connected components of a small directed graph: a group of more than one node is a cycle.</summary>
internal sealed class StronglyConnected(IReadOnlyDictionary<string, SortedSet<string>> edges)
{
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _lowest = new(StringComparer.Ordinal);
    private readonly Stack<string> _stack = new();
    private readonly HashSet<string> _onStack = new(StringComparer.Ordinal);
    private readonly List<IReadOnlyList<string>> _groups = [];

    /// <summary>Every strongly connected group, its nodes sorted.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Groups()
    {
        foreach (var node in edges.Keys.Order(StringComparer.Ordinal))
        {
            if (!_index.ContainsKey(node))
            {
                Visit(node);
            }
        }

        return _groups;
    }

    private void Visit(string node)
    {
        _index[node] = _lowest[node] = _index.Count;
        _stack.Push(node);
        _onStack.Add(node);
        foreach (var next in edges.TryGetValue(node, out var targets) ? targets : [])
        {
            if (!_index.TryGetValue(next, out var nextIndex))
            {
                Visit(next);
                _lowest[node] = Math.Min(_lowest[node], _lowest[next]);
            }
            else if (_onStack.Contains(next))
            {
                _lowest[node] = Math.Min(_lowest[node], nextIndex);
            }
        }

        if (_lowest[node] != _index[node])
        {
            return;
        }

        var group = new List<string>();
        string member;
        do
        {
            member = _stack.Pop();
            _onStack.Remove(member);
            group.Add(member);
        }
        while (member != node);
        group.Sort(StringComparer.Ordinal);
        _groups.Add(group);
    }
}
