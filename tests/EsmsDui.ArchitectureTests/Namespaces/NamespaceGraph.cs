using Mono.Cecil;
using Mono.Cecil.Cil;

namespace EsmsDui.ArchitectureTests.Namespaces;

/// <summary>
/// Which folder of an assembly uses which, read from its IL (signatures, attributes and method bodies), so a
/// reference written without a <c>using</c> (a parent namespace is always in scope) counts too. A folder is the
/// first namespace segment under the root; nested and compiler-generated types count for the type that holds them.
/// </summary>
public sealed class NamespaceGraph
{
    private readonly string _root;
    private readonly Dictionary<string, SortedSet<string>> _uses = new(StringComparer.Ordinal);
    private readonly Dictionary<(string From, string To), string> _because = [];

    private NamespaceGraph(string root) => _root = root;

    /// <summary>Each folder with the other folders it uses.</summary>
    public IReadOnlyDictionary<string, SortedSet<string>> Uses => _uses;

    /// <summary>Reads the graph of the folders under <paramref name="root"/> in the assembly at <paramref name="path"/>.</summary>
    public static NamespaceGraph Read(string path, string root)
    {
        var graph = new NamespaceGraph(root);
        using var assembly = AssemblyDefinition.ReadAssembly(path);
        foreach (var type in assembly.MainModule.GetTypes())
        {
            var from = graph.FolderOf(type);
            if (from is not null)
            {
                graph._uses.TryAdd(from, new SortedSet<string>(StringComparer.Ordinal));
                foreach (var used in ReferencedTypes(type))
                {
                    var to = graph.FolderOf(used);
                    if (to is not null && to != from)
                    {
                        graph._uses[from].Add(to);
                        graph._because.TryAdd((from, to), $"{type.FullName} uses {used.FullName}");
                    }
                }
            }
        }

        return graph;
    }

    /// <summary>One use that makes <paramref name="from"/> depend on <paramref name="to"/>, to name in a failure.</summary>
    public string Because(string from, string to) => _because.TryGetValue((from, to), out var reason) ? reason : "(no use)";

    /// <summary>The cycles between folders: each strongly connected group of more than one folder, sorted.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Cycles() => new StronglyConnected(_uses).Groups().Where(g => g.Count > 1).ToList();

    private string? FolderOf(TypeReference type)
    {
        while (type.DeclaringType is not null)
        {
            type = type.DeclaringType;
        }

        var name = type.Namespace;
        if (name == _root)
        {
            return "(root)";
        }

        return name.StartsWith(_root + ".", StringComparison.Ordinal) ? name[(_root.Length + 1)..].Split('.')[0] : null;
    }

    private static List<TypeReference> ReferencedTypes(TypeDefinition type)
    {
        var found = new List<TypeReference>();
        void Add(TypeReference? reference)
        {
            switch (reference)
            {
                case null or GenericParameter:
                    return;
                case GenericInstanceType generic:
                    Add(generic.ElementType);
                    generic.GenericArguments.ToList().ForEach(Add);
                    return;
                case TypeSpecification specification:
                    Add(specification.ElementType);
                    return;
                default:
                    found.Add(reference);
                    return;
            }
        }

        void AddMember(MemberReference member)
        {
            Add(member.DeclaringType);
            switch (member)
            {
                case MethodReference method:
                    Add(method.ReturnType);
                    method.Parameters.ToList().ForEach(p => Add(p.ParameterType));
                    if (method is GenericInstanceMethod genericMethod)
                    {
                        genericMethod.GenericArguments.ToList().ForEach(Add);
                    }

                    break;
                case FieldReference field:
                    Add(field.FieldType);
                    break;
            }
        }

        void AddAttributes(ICustomAttributeProvider provider) =>
            provider.CustomAttributes.ToList().ForEach(a => AddMember(a.Constructor));

        Add(type.BaseType);
        type.Interfaces.ToList().ForEach(i => Add(i.InterfaceType));
        AddAttributes(type);
        type.GenericParameters.SelectMany(p => p.Constraints).ToList().ForEach(c => Add(c.ConstraintType));
        type.Fields.ToList().ForEach(f => { Add(f.FieldType); AddAttributes(f); });
        type.Properties.ToList().ForEach(p => { Add(p.PropertyType); AddAttributes(p); });
        type.Events.ToList().ForEach(e => Add(e.EventType));
        foreach (var method in type.Methods)
        {
            AddAttributes(method);
            Add(method.ReturnType);
            method.Parameters.ToList().ForEach(p => Add(p.ParameterType));
            method.Overrides.ToList().ForEach(AddMember);
            if (!method.HasBody)
            {
                continue;
            }

            method.Body.Variables.ToList().ForEach(v => Add(v.VariableType));
            foreach (var instruction in method.Body.Instructions)
            {
                switch (instruction.Operand)
                {
                    case TypeReference operandType:
                        Add(operandType);
                        break;
                    case MemberReference operandMember:
                        AddMember(operandMember);
                        break;
                }
            }

            method.Body.ExceptionHandlers.Where(h => h.HandlerType == ExceptionHandlerType.Catch).ToList().ForEach(h => Add(h.CatchType));
        }

        return found;
    }
}
