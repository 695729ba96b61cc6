using System.Linq.Expressions;

namespace EsmsDui.Storage;

/// <summary>Puts an expression in place of a lambda's parameter, to compose predicates EF Core can translate.</summary>
internal sealed class ParameterReplacer(ParameterExpression from, Expression to) : ExpressionVisitor
{
    protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : base.VisitParameter(node);
}
