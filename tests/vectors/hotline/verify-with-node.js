const fs=require('fs'),crypto=require('crypto');
const raw=fs.readFileSync(process.argv[2]); const env=JSON.parse(raw);
// JCS by hand for this ASCII, integer-only object: sorted keys, no spaces.
function jcs(v){ if(Array.isArray(v)) return '['+v.map(jcs).join(',')+']';
 if(v&&typeof v==='object') return '{'+Object.keys(v).sort().map(k=>JSON.stringify(k)+':'+jcs(v[k])).join(',')+'}';
 return JSON.stringify(v);}
console.log('canonical:', jcs(env)===raw.toString());
const {id,sig,...noidsig}=env; const {sig:_s,...nosig}=env;
console.log('id ok:', crypto.createHash('sha256').update(jcs(noidsig)).digest('hex')===id);
const seed=Buffer.from('9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60','hex');
const pk=crypto.createPublicKey({key:Buffer.concat([Buffer.from('302a300506032b6570032100','hex'),Buffer.from('d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a','hex')]),format:'der',type:'spki'});
console.log('sig ok:', crypto.verify(null, Buffer.from('hotline/msg/v1\n'+jcs(nosig)), pk, Buffer.from(sig,'base64')));
