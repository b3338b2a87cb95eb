import { Node } from 'constructs';

/*
 * Construct ids are names users give (clusters, apps), and any DNS label is a valid name, `constructor` and
 * `toString` included. The `constructs` library keeps a node's children in a plain object and tests a new id with
 * `if (this._children[childName])` (constructs 10.x, lib/construct.js, `Node.addChild`): an id that is a property
 * of `Object.prototype` looks taken, and `new X(scope, 'constructor')` throws "There is already a Construct with
 * name 'constructor'".
 *
 * The fix leaves every id as it is (so Terraform addresses and Kubernetes names do not change): before a node's
 * first child is added, its children object is created without a prototype, so only real children are found in
 * it. `addChild` creates the object only when there is none, and every other use of it (`tryFindChild`,
 * `children`, `tryRemoveChild`) reads own properties or `Object.values`, which behave the same on it.
 *
 * The one place this project reaches into `constructs`; `test/names-as-data.test.ts` fails if an upgrade of the
 * library changes what it relies on.
 */

interface NodeInternals {
  _children?: Record<string, unknown>;
  addChild(child: unknown, childName: string): void;
}

const prototype = Node.prototype as unknown as NodeInternals;
const addChild = prototype.addChild;
if (typeof addChild !== 'function') {
  throw new Error('constructs: Node.addChild is gone; see lib/workarounds/construct-children.ts');
}
if (!(addChild as { namesAsData?: boolean }).namesAsData) {
  const patched = function addChildByOwnName(this: NodeInternals, child: unknown, childName: string): void {
    if (this._children === undefined) this._children = Object.create(null) as Record<string, unknown>;
    addChild.call(this, child, childName);
  };
  (patched as { namesAsData?: boolean }).namesAsData = true;
  prototype.addChild = patched;
}
